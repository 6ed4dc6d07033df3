"""The API's resources, one module per area of Vigil, and the token pages (`tokens`)."""
