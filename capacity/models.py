# Models of the capacity app arrive with its issue.
