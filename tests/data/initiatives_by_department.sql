-- Initiatives by lead department and scheduled fiscal year (a bar from 2023 to 2025 counts
-- in each of its years), across the whole corpus.
WITH RECURSIVE years(y) AS (SELECT 1990 UNION ALL SELECT y + 1 FROM years WHERE y < 2100)
SELECT l.department,
       years.y AS fiscal_year,
       count(DISTINCT l.document || '#' || l.initiative) AS initiatives
FROM initiative_departments AS l
JOIN schedule AS s ON s.document = l.document AND s.initiative = l.initiative
JOIN years ON years.y BETWEEN s.fiscal_year AND coalesce(s.to_fiscal_year, s.fiscal_year)
WHERE l.role = 'lead'
GROUP BY l.department, years.y
ORDER BY l.department, years.y;
