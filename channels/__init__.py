"""Every way data enters or leaves Spotter: HTTP, WebSockets, chat and phone channels."""
