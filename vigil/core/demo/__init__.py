"""The platform's demo: two fictional institutions and their people (`content`), and the
code that loads them and then every app's demo step (`builder`)."""
