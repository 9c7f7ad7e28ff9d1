"""Petitions and the participatory budget: a signature or a ballot changes the counts their pages show
(core.pagecache). Pages with days left to sign or vote live at most a minute."""

from hromada.core import pagecache
from hromada.participation.models import Petition, PetitionThreshold, Signature

pagecache.register_models("budget", "participation")
pagecache.register_models("petitions", Petition, PetitionThreshold, Signature)
pagecache.register_pages("/petitions/", "petitions", ttl=60)
pagecache.register_pages("/api/v1/petitions", "petitions", ttl=60)
pagecache.register_pages("/budget/", "budget", ttl=60)
pagecache.register_pages("/api/v1/budget", "budget", ttl=60)
