/* The API's replies built by PostgreSQL: named views the api owns (views.c). */
#ifndef LA_API_VIEWS_H
#define LA_API_VIEWS_H

/* The statements that (re)create every view, malloc'd (the caller frees; NULL when out of
 * memory); store/migrate.c runs them at start. */
char *api_views_sql(void);

#endif
