"""Stories: grouping loose articles into stories, and the store that keeps them."""
