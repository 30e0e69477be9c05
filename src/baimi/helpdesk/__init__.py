"""Help within 10 minutes: residents' help requests, dispatch to the nearest on-duty person, response
clocks and escalation, notifications, and the Open311 GeoReport v2 API."""
