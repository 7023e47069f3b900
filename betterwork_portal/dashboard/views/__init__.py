"""The staff dashboard's pages, one module per page family."""
