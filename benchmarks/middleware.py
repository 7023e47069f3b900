"""Counts each request's queries into the ``X-Bench-Queries`` header
(``benchmarks/settings.py``). A streamed response runs most of its queries
after this has returned, so its header counts only those before the first
byte."""

from django.db import connection


def count_queries(get_response):
    def middleware(request):
        queries = 0

        def counter(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response["X-Bench-Queries"] = str(queries)
        return response

    return middleware
