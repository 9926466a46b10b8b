"""Search over the published recommendations: full text, facets with live counts, the read API, downloads.

For the portal (the same parameters and behaviour as ``/api/v1/recommendations/``)::

    from search.selectors import InvalidSearch, SearchParams, recommendation_search

    params = SearchParams.from_querydict(request.GET)           # InvalidSearch on a malformed value
    result = recommendation_search(params=params, page=1, page_size=20, user=request.user)
    # InvalidSearch too for a value no vocabulary knows; error.message, error.extra["fields"]
    result.total, result.pages, result.has_next, result.sort, result.suggestion
    result.results     # Recommendation objects: review (state, mechanism, session.cycle),
                       # recommending_states, themes, assignments (institution) prefetched,
                       # plus .current_status (ImplementationStatus value or None) and
                       # .highlight (safe HTML with <mark>, or None without q)
    result.facets      # {facet name: [FacetValue(value, label, count, selected, parent)]}, in FACETS order
    params.toggled("response", "noted").urlencode()    # the link that ticks or unticks a facet value

    from search.exports import export_response
    return export_response(params=params, file_format="csv" or "xlsx", user=request.user)

``search.facets.FACETS`` lists the facets (parameter name, label, multi-valued or not). The API's URL
names are ``api:recommendation-list``, ``api:recommendation-facets``, ``api:recommendation-detail``
(``public_id``) and ``api:recommendation-export`` (``file_format``: csv or xlsx).

Keeping the index fresh (``search.services``): after writing recommendations, their tags, assignments
or published status updates, call ``search_index_refresh(recommendation_ids=[…])`` (synchronous, a few
bulk statements) or, inside a transaction, ``search_index_refresh_later([…])`` (a Celery task on commit).
``manage.py rebuild_search_index`` rebuilds everything.
"""
