import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocon.settings")
application = get_wsgi_application()

from cocon.startup import require_serving_settings  # noqa: E402

require_serving_settings()
