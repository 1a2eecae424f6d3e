"""The REST API's views: authorise and fetch through the apps' selectors, write through their
services, serialise. Nothing here decides who may do what."""
