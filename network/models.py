# Models of the network app arrive with its issue; see ../shared/domain/DOMAIN.md §9.
