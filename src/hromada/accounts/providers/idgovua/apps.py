from django.apps import AppConfig


class IdGovUaConfig(AppConfig):
    name = "hromada.accounts.providers.idgovua"
    label = "idgovua"
    verbose_name = "ID.gov.ua"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from allauth.socialaccount.signals import social_account_added

        from hromada.accounts.providers.idgovua import receivers

        user_logged_in.connect(receivers.verify_after_sign_in, dispatch_uid="idgovua.verify_after_sign_in")
        # A resident signed in by e-mail who connects ID.gov.ua from the cabinet is verified the same way.
        social_account_added.connect(receivers.verify_after_connect, dispatch_uid="idgovua.verify_after_connect")
