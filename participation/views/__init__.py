"""Pages for civil-society participation, one module per part: thin views over ``services`` (writes)
and ``selectors`` (reads).

Every POST is CSRF-protected by the middleware (but the digest's stop link, whose signed token is the
credential); the ones strangers can repeat are rate limited.
An invalid form answers 400 with the form and its errors; a service's refusal shows its sentence.
"""
