from django.apps import AppConfig


class CinematicsConfig(AppConfig):
    name = "cinematics"
