"""Page-number pagination for list endpoints (``?page=2&page_size=50``)."""
from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
