"""Home page per role and the per-municipality theme stylesheet.

The error pages are Django's default handlers with the templates 403.html, 404.html and 500.html;
500.html renders without any context processor, so it cannot fail on what broke the request.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from meedoen.core.home import home_page
from meedoen.core.theme import stylesheet_for


@login_required
@require_GET
def home(request):
    template, context, status = home_page(request)
    return render(request, template, context, status=status)


@require_GET
def theme_css(request, public_id):
    """The municipality's house colour as NL Design System tokens. Not secret: no login needed."""
    response = HttpResponse(stylesheet_for(public_id), content_type="text/css")
    response["Cache-Control"] = "public, max-age=3600"
    return response
