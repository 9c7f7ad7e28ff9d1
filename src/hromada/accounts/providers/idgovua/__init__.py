"""An allauth provider that speaks ID.gov.ua's protocol (docs/identity.md)."""
