"""The API's search filter: DRF's, with the search text capped like the pages' searches."""

from rest_framework import filters

from common.filters import SEARCH_MAX_WORDS, search_text


class SearchFilter(filters.SearchFilter):
    """`?search=`: at most SEARCH_MAX_LENGTH characters and SEARCH_MAX_WORDS words reach the
    query (a 50,000-character search was a 500 on SQLite: "LIKE pattern too complex")."""

    def get_search_terms(self, request):
        value = search_text(request.query_params.get(self.search_param, ""))
        return filters.search_smart_split(value)[:SEARCH_MAX_WORDS]
