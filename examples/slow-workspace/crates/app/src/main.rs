fn main() {
    let mut state = vec![1.0; 1024];
    for _ in 0..100 {
        engine::step(&mut state);
    }
    println!("{}", state.iter().sum::<f64>());
}
