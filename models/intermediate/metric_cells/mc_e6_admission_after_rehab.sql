-- E6.admission_after_rehab_share: ended episodes followed by an acute (merged) stay admitted 1-90
-- days after the episode end / ended episodes (int_episodes, int_episode_flags), attributed to the
-- episode end. "Episodes ended" are episodes with an end date (closed, or 90 days quiet after the
-- last visit); ongoing episodes are left out, as are closed episodes whose 90-day window ends after
-- the cut-off. Receiving unit's region and care level; age band at the episode end.
-- depends_on: {{ ref('int_episodes') }} {{ ref('int_episode_flags') }}
{{ episode_outcome_cells('E6.admission_after_rehab_share', 'acute_admission_90d', 'admission_window_observed') }}
