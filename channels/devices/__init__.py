"""Device providers: phone health stores that push (Health Connect, Apple Health) and clouds read
with OAuth (Strava), each one module behind channels/devices/base.py; syncs in sync.py."""
