"""SamRehab dashboard (Streamlit): the pages, and the cache over the read package (`samrehab.read`)."""
