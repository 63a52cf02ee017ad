"""The only package that imports Streamlit: cached reads, session and roles, navigation, widgets and components."""
