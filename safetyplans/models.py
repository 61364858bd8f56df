# Models of the safetyplans app arrive with its issue; see ../shared/domain/DOMAIN.md §9.
