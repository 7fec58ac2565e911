# Transitional re-export; the lead removes it after the merge.
from core.api import Pagination, constraint_name, exception_handler

__all__ = ["Pagination", "constraint_name", "exception_handler"]
