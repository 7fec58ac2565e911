from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.policy import grants_for
from accounts.selectors import user_memberships


@login_required
def home(request):
    """The signed-in person's starting page: who they are and what they can reach."""
    return render(
        request,
        "accounts/home.html",
        {"memberships": user_memberships(user=request.user), "grants": grants_for(request.user)},
    )
