// The encounter roll-ups (src/statistics/store.c) as stored and as a
// brute-force recount of the encounters gives them, for the tests that
// check them after inserts, undos and imports (tests/http/encounters,
// statistics-log). q runs SQL on the test's database and returns its text.

/** The roll-ups as stored. */
export function rollups(q) {
  const day = q('SELECT region_id, day, municipality_code, point_id, form, n, people FROM encounter_day_count '
    + 'ORDER BY region_id, day, municipality_code, point_id, form');
  const month = q('SELECT region_id, dim, month, municipality_code, point_id, value, n, people FROM encounter_month_count '
    + 'ORDER BY region_id, dim, month, municipality_code, point_id, value');
  const area = q('SELECT region_id, dim, month, municipality_code, value, n, people FROM encounter_municipality_month_count '
    + 'ORDER BY region_id, dim, month, municipality_code, value');
  const mday = q('SELECT region_id, day, municipality_code, n, people FROM encounter_municipality_day_count '
    + 'ORDER BY region_id, day, municipality_code');
  return { day, month, area, mday };
}

/** The same from the encounters themselves. */
export function recount(q) {
  const day = q('SELECT region_id, day, municipality_code, point_id, form, count(*), sum(people) FROM encounter '
    + 'GROUP BY region_id, day, municipality_code, point_id, form ORDER BY region_id, day, municipality_code, point_id, form');
  const dims = ['form', 'age', 'language', 'duration', 'outcome'].map((d) => `SELECT region_id, '${d}' AS dim, month, `
    + `municipality_code, point_id, ${d} AS value, count(*) AS n, sum(people) AS people FROM encounter `
    + `GROUP BY region_id, month, municipality_code, point_id, ${d}`);
  dims.push("SELECT e.region_id, 'topic' AS dim, e.month, e.municipality_code, e.point_id, t.topic AS value, "
    + 'count(*) AS n, sum(e.people) AS people FROM encounter e JOIN encounter_topic t ON t.encounter_id = e.id '
    + 'GROUP BY e.region_id, e.month, e.municipality_code, e.point_id, t.topic');
  const month = q(`SELECT * FROM (${dims.join(' UNION ALL ')}) x ORDER BY 1, 2, 3, 4, 5, 6`);
  // The roll-up by municipality (0031): the same counts without the point.
  const area = q(`SELECT region_id, dim, month, municipality_code, value, sum(n), sum(people) FROM (${dims.join(' UNION ALL ')}) x `
    + 'GROUP BY region_id, dim, month, municipality_code, value ORDER BY 1, 2, 3, 4, 5');
  // The day roll-up by municipality (0041).
  const mday = q('SELECT region_id, day, municipality_code, count(*), sum(people) FROM encounter '
    + 'GROUP BY region_id, day, municipality_code ORDER BY region_id, day, municipality_code');
  return { day, month, area, mday };
}
