# Models of the reminders app arrive with its issue.
