"""Pages of the prevention programmes app, one module per area (thin: reads in `selectors`,
writes in `services`, documents in `reports`)."""
