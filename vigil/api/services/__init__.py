"""Every write of the API's own data: its tokens (`tokens`)."""
