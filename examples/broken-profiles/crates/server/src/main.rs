fn main() {
    println!("{}", protocol::VERSION);
}
