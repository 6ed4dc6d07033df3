"""Documents made of recommendations: the visit report's chapter, the matrix workbook and
the dashboard's table."""
