"""Every write of platform data: institutions, members and users (`institutions`), uploads
(`uploads`), and the helpers every app's services share (`records`)."""
