"""The JSON REST API, mounted at /api/v1/: predict and store, read back, describe the model.

Programs authenticate with an API key in the Authorization header, never a cookie, so a
page on another site has no credential of a visitor's to borrow and CSRF does not apply
(ninja checks CSRF only for cookie auth). Requests must also be `application/json`, which
an HTML form on another site cannot send without the browser asking this server first.

The NinjaAPI object and the routers it mounts are in site.py, so that a router of another
wing (predictor/monitoring/api.py) can use this package's auth and error shapes without
importing the API that mounts it.
"""
