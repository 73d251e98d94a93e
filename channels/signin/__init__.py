"""Signing in with an OpenID provider (Google, Apple) through Authlib."""

from channels.signin.oidc import Identity, OpenIdSignIn, SignInFailed, Started
from channels.signin.providers import Provider, providers

__all__ = ["Identity", "OpenIdSignIn", "Provider", "SignInFailed", "Started", "providers"]
