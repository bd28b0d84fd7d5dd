"""Messages of the contract that several apps answer with.

An app's own messages stay in its services; these are the ones the people, stores and
rentals routes share, so each has one spelling."""

MSG_NOT_FOUND = "Resources not found"
MSG_NOT_FOUND_ON_DELETE = "Resource not found"  # singular, as the contract sends it
MSG_INVALID_ID = "Invalid id"
MSG_INVALID_CUSTOMER_ID = "Invalid customer id"
MSG_INVALID_STAFF_ID = "Invalid staff id"
MSG_INVALID_STORE_ID = "Invalid store id"
MSG_INVALID_MOVIE_ID = "Invalid movie id"
MSG_STORE_NOT_FOUND = "Store not found"
MSG_MISSING_DATA = "Missing required data"
MSG_NUL = "Text values cannot contain NUL characters"
