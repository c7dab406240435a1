"""The PostgreSQL peer of bench/api.py: one SQL statement per request, its JSON sent as PostgreSQL built it.

Datasette, the peer on SQLite, reads SQLite only, and nothing comparable that serves
PostgreSQL is installable here (PostgREST is not on PyPI or in Debian's packages). So on
PostgreSQL the peer is the floor of the request: a WSGI function with no framework, run by
the same gunicorn as PartnerAtlas (same workers, same persistent connection per worker, the
same psycopg), that answers `/api/v1/partnerships?country=XX&limit=N` with one statement
doing what our endpoint does: the same filter, order, page and count, the related rows (members,
SDGs, topics, status history, council resolutions, actors) as JSON built in PostgreSQL, in
the shape of our API's page. It checks nothing, logs nothing and knows no language but German:
our figure divided by its figure is the share of the database's speed that the product's
Python keeps, not a comparison of two products.

    gunicorn --chdir bench sql_peer:app   (PEER_DATABASE_URL=postgres://...)
"""

import os
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

import psycopg

SQL = """
WITH page AS (
  SELECT p.id FROM registry_partnership p
  WHERE p.id IN (SELECT m.partnership_id FROM registry_membership m
                 WHERE m.country_id = upper(%(country)s))  -- the same index PartnerAtlas reads
  ORDER BY p.id LIMIT %(limit)s
)
SELECT json_build_object(
  'count', (SELECT count(DISTINCT partnership_id) FROM registry_membership
            WHERE country_id = upper(%(country)s)),  -- the same index-only count PartnerAtlas makes
  'limit', %(limit)s, 'offset', 0, 'next', NULL, 'previous', NULL,
  'results', coalesce((SELECT json_agg(item ORDER BY item_id) FROM (
    SELECT p.id AS item_id, json_build_object(
      'id', p.uid, 'kind', k.code, 'kind_name', coalesce(k.names ->> 'de', k.code), 'status', p.status,
      'since', p.start_year, 'signed_on', p.signed_on,
      'members', (SELECT json_agg(json_build_object(
            'id', g.id, 'ref', g.ref, 'name', g.name, 'display_name', coalesce(g.localized_names ->> 'de', g.name),
            'country', g.country_id, 'region', coalesce(r.names ->> 'de', r.names ->> 'en', r.code, ''),
            'kind', g.kind, 'latitude', g.latitude, 'longitude', g.longitude) ORDER BY m.position, m.id)
          FROM registry_membership m JOIN gazetteer_municipality g ON g.id = m.municipality_id
          LEFT JOIN gazetteer_region r ON r.id = g.region_id WHERE m.partnership_id = p.id),
      'sdgs', coalesce((SELECT json_agg(s.sustainabledevelopmentgoal_id ORDER BY s.sustainabledevelopmentgoal_id)
          FROM registry_partnership_sdgs s WHERE s.partnership_id = p.id), '[]'),
      'topics', coalesce((SELECT json_agg(t.code ORDER BY t.position, t.code)
          FROM registry_partnership_topics pt JOIN registry_topic t ON t.id = pt.topic_id
          WHERE pt.partnership_id = p.id), '[]'),
      'working_languages', p.working_languages,
      'status_history', coalesce((SELECT json_agg(json_build_object('status', c.status, 'year', c.year,
            'date', c.date) ORDER BY c.id) FROM registry_statuschange c WHERE c.partnership_id = p.id), '[]'),
      'council_resolutions', coalesce((SELECT json_agg(json_build_object('date', c.date, 'reference', c.reference)
            ORDER BY c.date, c.id) FROM registry_councilresolution c WHERE c.partnership_id = p.id), '[]'),
      'actors', coalesce((SELECT json_agg(json_build_object('name', a.name, 'kind', a.kind, 'role', a.role,
            'member', g.ref) ORDER BY a.position, a.id) FROM registry_actor a
            LEFT JOIN gazetteer_municipality g ON g.id = a.municipality_id WHERE a.partnership_id = p.id), '[]'),
      'description', p.description, 'source', p.source, 'source_url', p.source_url, 'verified_on', p.verified_on
    ) AS item
    FROM page JOIN registry_partnership p ON p.id = page.id
    JOIN registry_partnershipkind k ON k.id = p.kind_id) items), '[]')
)::text
"""

_connection: psycopg.Connection[Any] | None = None


def app(environ: dict[str, Any], start_response: Callable[..., object]) -> Iterable[bytes]:
    global _connection
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if environ.get("PATH_INFO") != "/api/v1/partnerships":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    if _connection is None or _connection.closed:  # one per worker, kept, like CONN_MAX_AGE
        _connection = psycopg.connect(os.environ["PEER_DATABASE_URL"], autocommit=True)
    params = {"country": query.get("country", [""])[0], "limit": int(query.get("limit", ["50"])[0])}
    row = _connection.execute(SQL, params).fetchone()
    body = row[0].encode() if row else b"{}"
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
