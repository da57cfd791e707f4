import streamlit as st

st.write("export page under construction")
