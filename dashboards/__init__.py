"""SamRehab dashboard (Streamlit): pages, the data-access module, the chart module and labels."""
