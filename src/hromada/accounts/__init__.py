"""Resident identity: self-registration, sign-in with ID.gov.ua and OpenID Connect, verification against the
residents register, eligibility, the resident cabinet, and the API that apps and bots sign in through."""
