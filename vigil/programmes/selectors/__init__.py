"""Reads of prevention programmes, good practice and trainings, scoped by the acting membership
(one module per area: `programmes`, `good_practice`, `training`, `reports`)."""
