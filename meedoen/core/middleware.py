from __future__ import annotations

import re
import uuid

from meedoen.core.request_context import reset_request_id, set_request_id

_VALID_INCOMING = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (or accept a well-formed ``X-Request-ID`` from the proxy).

    The id is written on audit rows and returned in the ``X-Request-ID`` response header,
    so one user action can be followed from proxy log to audit trail.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_INCOMING.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class DutchFirstLocaleMiddleware:
    """Dutch unless the user chose otherwise with the language switch (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, giving an English-configured
    browser half-translated pages; a municipality's staff expect Dutch until they switch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
