-- E6.return_visit_30d_share: ended episodes followed by an attended unplanned visit (planned =
-- false; any unit) 1-30 days after the episode end / ended episodes (int_episodes,
-- int_episode_flags), attributed to the episode end. Ongoing episodes and episodes whose 30-day
-- window ends after the cut-off are left out. Receiving unit's region and care level; age band at
-- the episode end.
-- depends_on: {{ ref('int_episodes') }} {{ ref('int_episode_flags') }}
{{ episode_outcome_cells('E6.return_visit_30d_share', 'unplanned_visit_30d', 'return_window_observed') }}
