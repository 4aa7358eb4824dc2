pub fn step(state: &mut [f64]) {
    for value in state.iter_mut() {
        *value = (*value * 1.000_1).sin();
    }
}
