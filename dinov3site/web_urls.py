"""The web UI's pages at the site root, and Django's sign-in pages under /accounts/.

Each page lives in the views.py of the app that owns its data; this module only routes.
"""
from django.contrib.auth import views as auth_views
from django.urls import include, path

from analysis import views as analysis_views
from assets import collection_views
from assets import views as assets_views
from cinematics import views as cinematics_views
from dinov3site.accounts import signin
from video import views as video_views

pages = [
    path("", analysis_views.AssetBrowserView.as_view(), name="browser"),
    path("upload", assets_views.AssetUploadView.as_view(), name="upload"),
    path("assets/<str:asset_id>", video_views.AssetPageView.as_view(), name="asset"),
    path("assets/<str:asset_id>/delete", assets_views.AssetDeleteView.as_view(), name="asset-delete"),
    path("compare", analysis_views.CompareView.as_view(), name="compare"),
    path("character-check", analysis_views.CharacterCheckView.as_view(), name="character-check"),
    path("map", analysis_views.LibraryMapView.as_view(), name="map"),
    path("quality", analysis_views.QualityDistributionView.as_view(), name="quality"),
    path("similarity-matrix", analysis_views.SimilarityMatrixView.as_view(), name="matrix"),
    path("collections", collection_views.CollectionListView.as_view(), name="collections"),
    path("collections/<str:collection_id>", analysis_views.CollectionPageView.as_view(), name="collection"),
    path("videos/<str:asset_id>", cinematics_views.VideoPageView.as_view(), name="video"),
    path("shots", cinematics_views.ShotLibraryView.as_view(), name="shots"),
]

accounts = [
    path("login/", auth_views.LoginView.as_view(extra_context={"password_reset_enabled": signin.password_reset_enabled}),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Reset only with a mail backend (signin.py says why it sends from the background).
    path("password_reset/", signin.password_reset, name="password_reset"),
    path("password_reset/done/", signin.password_reset_done, name="password_reset_done"),
    path("reset/<uidb64>/<token>/", signin.password_reset_confirm, name="password_reset_confirm"),
    path("reset/done/", signin.password_reset_complete, name="password_reset_complete"),
]

urlpatterns = [
    path("accounts/", include(accounts)),
    path("", include((pages, "web"))),
]
