"""Ray and storage plumbing shared by every stage; imports no stage."""
