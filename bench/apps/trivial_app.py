"""The floor: a Streamlit app with two widgets and no map (bench/README.md, load run)."""

import streamlit as st

st.title("Trivial")
n = st.slider("n", 1, 10, 3)
st.selectbox("pick", ["a", "b", "c"])
st.write(n * 2)
