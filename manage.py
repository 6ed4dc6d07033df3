#!/usr/bin/env python
from vigil.cli import main

if __name__ == "__main__":
    main()
