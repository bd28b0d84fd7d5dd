"""Text filters compare the column as text, so a trigram index serves them on an existing
reelfake database whose name columns are citext (docs/performance.md "Name search on citext
columns")."""

from django.db.models import F

from movies.models import Actor
from reelfake.db.lookups import ILike


def test_a_pattern_is_matched_against_the_column_cast_to_text():
    sql = str(Actor.objects.filter(ILike(F("actor_name"), "%ann%")).query)
    assert 'WHERE ("actor"."actor_name")::text ILIKE %ann%' in sql
