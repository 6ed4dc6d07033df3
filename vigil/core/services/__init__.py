"""Every write of platform data: institutions, members and users (`institutions`), uploads
(`uploads`), generated documents (`documents`), and the helpers every app's services share
(`records`)."""
