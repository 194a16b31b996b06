from django.urls import path

from meedoen.accounts import views

app_name = "accounts"

# TwoFactorMiddleware lets a user who has not yet entered a code reach /account/logout/ and /account/2fa/.
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("profiel/", views.profile, name="profile"),
    path("wachtwoord/wijzigen/", views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord/gewijzigd/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("wachtwoord/vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord/vergeten/verstuurd/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("wachtwoord/nieuw/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("wachtwoord/nieuw/klaar/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("2fa/instellen/", views.otp_setup, name="otp_setup"),
    path("2fa/controleren/", views.otp_verify, name="otp_verify"),
    path("2fa/uitzetten/", views.otp_disable, name="otp_disable"),
]
