"""Open311 GeoReport v2 at /open311/v2/: the help requests of ``baimi.helpdesk`` through the open
standard's API (discovery, services, requests, tokens), with API keys for writing."""
