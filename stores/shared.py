"""Former home of plumbing the store and rental routes share; it now lives in reelfake/
(ids.py, validators.py, pagination.py, schema.py). Kept as re-exports for the apps that
still import it from here (rentals/views.py)."""

from reelfake.ids import path_id
from reelfake.messages import MSG_NUL
from reelfake.pagination import optional_page_response
from reelfake.schema import PAGE_PARAMETER, id_parameter, optional_page_schema
from reelfake.validators import reject_nul

__all__ = [
    "MSG_NUL",
    "PAGE_PARAMETER",
    "id_parameter",
    "optional_page_response",
    "optional_page_schema",
    "path_id",
    "reject_nul",
]
